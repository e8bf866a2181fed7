using OrleansKombo.Clients;
using Orleans.Concurrency;

namespace OrleansKombo.Jobs;

/// <summary>
/// One per synced job, keyed <c>{integration_id}/{job_id}</c> (see <see cref="JobKey"/>). Only the pull calls
/// it, and only for jobs whose content changed; an observation that changes nothing is a no-op.
/// </summary>
public interface IJobGrain : IGrainWithStringKey
{
    [InternalGrainMethod(InternalGrainMethodAttribute.Silo)]
    Task Observe(JobObservation observation);

    /// <summary>Null until the first observation.</summary>
    [AlwaysInterleave]
    Task<JobLifecycle?> GetLifecycle();
}
