using System.CommandLine;
using System.Globalization;
using Wharf.Hosting;

namespace Wharf.Cli;

/// <summary><c>wharf serve</c>: runs the server until stopped.</summary>
internal static class ServeCommand
{
    public static Command Create(ServerOptions shared)
    {
        var urls = new Option<string?>("--urls") { Description = "Listening address(es), ';'-separated; default http://127.0.0.1:8080" };
        var port = new Option<int?>("--port") { Description = "Listen on http://127.0.0.1:PORT" };
        var externalUrl = new Option<string?>("--external-url") { Description = "The URL clients reach Wharf at (behind a proxy)" };
        var command = new Command("serve", "Start Wharf (the default command)");
        command.Options.Add(urls);
        command.Options.Add(port);
        command.Options.Add(externalUrl);
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var extra = new Dictionary<string, string?>();
            if (parse.GetValue(port) is { } p)
            {
                extra["Urls"] = "http://127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture);
            }

            if (parse.GetValue(urls) is { } u)
            {
                extra["Urls"] = u;
            }

            if (parse.GetValue(externalUrl) is { } e)
            {
                extra["ExternalUrl"] = e;
            }

            await using var app = WharfServer.Build([], shared.Overrides(parse, extra));
            await WharfServer.StartAsync(app, Console.Out, cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
