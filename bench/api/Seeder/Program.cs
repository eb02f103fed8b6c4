using Wharf.Bench.Seeder;

// Seeds a Wharf database for bench/api/run.sh and prints what the benchmark needs as KEY=VALUE lines on stdout;
// progress goes to stderr so that stdout stays machine-readable.
if (SeedOptions.Parse(args) is not { } options)
{
    await Console.Error.WriteLineAsync(SeedOptions.Usage);
    return 2;
}

return await BenchSeeder.RunAsync(options, Console.Out, Console.Error, CancellationToken.None);
