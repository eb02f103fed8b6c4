using System.CommandLine;
using Wharf.Cli;

var shared = new ServerOptions();
var serve = ServeCommand.Create(shared);
var root = new RootCommand("Wharf: a self-hosted GitHub Packages (npm, Maven, RubyGems, NuGet, Docker and Container registries)");
root.Subcommands.Add(serve);
root.Subcommands.Add(AdminCommands.Create(shared));
root.Subcommands.Add(MaintenanceCommands.Purge(shared));
root.Subcommands.Add(GcCommand.Create(shared));
root.Subcommands.Add(FsckCommand.Create(shared));

// With no command at all, serve: `wharf` alone starts the server.
return await root.Parse(args.Length == 0 ? ["serve"] : args).InvokeAsync();
