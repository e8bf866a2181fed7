using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Microsoft.Extensions.Logging;

namespace Kombo.Sandbox.Hosting;

/// <summary>
/// The demo timeline: the integration starts in its setup sync, finishes it after a few seconds, then every period
/// makes one small realistic change, finishes a sync, and (once packages are set) places an order now and then and moves
/// an application or two into the trigger stage (<see cref="SandboxOptions.DemoTriggerStage"/>), where a rule starts assessments.
/// </summary>
public sealed class DemoMode(SandboxIntegration integration, SandboxOptions options, ILogger logger)
{
    public async Task RunAsync(CancellationToken stop)
    {
        var time = options.Time;
        await Task.Delay(options.DemoFirstSyncAfter, time, stop);
        var first = integration.FinishSync();
        logger.LogInformation("Demo: first sync {SyncId} finished; data-changed for {Models}", first.SyncId, string.Join(", ", first.ChangedModels));
        var random = new Random(options.Seed);
        for (var round = 1; !stop.IsCancellationRequested; round++)
        {
            await Task.Delay(options.DemoChangeEvery, time, stop);
            try
            {
                var change = MakeChange(random);
                if (options.DemoTriggerStage is { } stage && integration.Assessment.Packages.Count > 0
                    && integration.MoveIntoStageNamed(stage, random.Next(1, 3)) is { Count: > 0 } moved)
                {
                    change += $"; moved application(s) {string.Join(", ", moved)} into '{stage}'";
                }
                var sync = integration.FinishSync();
                logger.LogInformation("Demo: {Change}; sync {SyncId} changed {Models}", change, sync.SyncId, string.Join(", ", sync.ChangedModels));
                if (round % 3 == 1 && integration.Assessment.Packages.Count > 0)
                {
                    var application = integration.Records(SandboxModel.Applications).Where(a => !a.Deleted).ElementAt(random.Next(10));
                    var order = await integration.CreateOrderAsync(new OrderSpec { ApplicationId = application.Id });
                    logger.LogInformation("Demo: order {OrderId} placed for package {PackageId}: {Status}", order.Id, order.PackageId, order.Status);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Demo: a change failed");
            }
        }
    }

    private string MakeChange(Random random) => random.Next(6) switch
    {
        0 => $"moved application(s) {string.Join(", ", integration.MoveApplications(random.Next(1, 3)))}",
        1 => $"updated candidate(s) {string.Join(", ", integration.UpdateRecords(SandboxModel.Candidates, random.Next(1, 3)))}",
        2 => $"new application(s) {string.Join(", ", integration.CreateRecords(SandboxModel.Applications))}",
        3 => random.Next(2) == 0
            ? $"closed job(s) {string.Join(", ", integration.SetJobStatus("CLOSED"))}"
            : $"reopened job(s) {string.Join(", ", integration.SetJobStatus("OPEN"))}",
        4 => $"tagged candidate(s) {string.Join(", ", integration.TagCandidates())}",
        _ => $"updated job(s) {string.Join(", ", integration.UpdateRecords(SandboxModel.Jobs))}",
    };
}
