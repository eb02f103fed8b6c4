using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;

namespace Wharf.Core.Jobs;

/// <summary>Writes counted downloads every few seconds, and once more when the server stops.</summary>
public sealed partial class DownloadFlushService(DownloadCounter counter, IServiceScopeFactory scopes, ILogger<DownloadFlushService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: fall through to the final flush.
        }

        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await counter.FlushAsync(scope.ServiceProvider.GetRequiredService<IPackageStore>(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFlushFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Writing download counts failed; they will be retried")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
