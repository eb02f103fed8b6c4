using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wharf.Core.Metadata;
using Wharf.Core.Packages;

namespace Wharf.Core.Jobs;

/// <summary>
/// Removes packages and versions deleted longer ago than the restore window, once an hour. Purging is idempotent,
/// so several nodes running it at once do no harm; blobs are reclaimed separately by garbage collection.
/// </summary>
public sealed partial class PurgeService(IServiceScopeFactory scopes, IOptions<PackageOptions> options, TimeProvider clock, ILogger<PurgeService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                await PurgeOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task PurgeOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.RestoreWindow;
            var removed = await scope.ServiceProvider.GetRequiredService<IPackageStore>().PurgeAsync(cutoff, cancellationToken);
            if (removed > 0)
            {
                LogPurged(logger, removed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPurgeFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Purged {Count} packages and versions past the restore window")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Purging deleted packages failed; it will be tried again")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
