using System.Reflection;
using OrleansKombo.Clients;
using OrleansKombo.Integrations;

namespace OrleansKombo.UnitTests.Clients;

/// <summary>
/// The grain methods a vendor's .NET service may call as an Orleans client: every method of every grain interface
/// that is not marked [InternalGrainMethod]. A new grain method must be put on one side of this line on purpose.
/// </summary>
public sealed class GrainClientSurfaceTests
{
    private static readonly Type[] GrainInterfaces = typeof(IIntegrationGrain).Assembly.GetExportedTypes()
        .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t)).OrderBy(t => t.Name).ToArray();

    [Fact]
    public void The_public_grain_api_is_exactly_this_list()
    {
        var surface = GrainInterfaces
            .Where(t => t.GetCustomAttribute<InternalGrainMethodAttribute>() is null)
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttribute<InternalGrainMethodAttribute>() is null).Select(m => $"{t.Name}.{m.Name}"))
            .Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
        [
            "IAssessmentGrain.GetPackages", "IAssessmentGrain.Reconcile", "IAssessmentGrain.SetPackages",
            "IIntegrationGrain.GetStatus", "IIntegrationGrain.RequestPull", "IIntegrationGrain.RequestReconcile",
            "IJobGrain.GetLifecycle",
            "IJobLinkGrain.Confirm", "IJobLinkGrain.Link", "IJobLinkGrain.Unlink",
            "IJobSelectionGrain.Choose", "IJobSelectionGrain.Replace",
            "IOrderGrain.Cancel", "IOrderGrain.GetDetails", "IOrderGrain.ResendInvitation", "IOrderGrain.ResolveInvitation",
            "IOrderGrain.RetryWriteBack", "IOrderGrain.SubmitResult",
            "ITriggerGrain.Replace", "ITriggerGrain.Retrigger",
        ], surface);
    }

    [Fact]
    public void Every_internal_method_names_its_caller()
    {
        var marks = GrainInterfaces.Select(t => t.GetCustomAttribute<InternalGrainMethodAttribute>())
            .Concat(GrainInterfaces.SelectMany(t => t.GetMethods()).Select(m => m.GetCustomAttribute<InternalGrainMethodAttribute>()))
            .OfType<InternalGrainMethodAttribute>().ToList();

        Assert.NotEmpty(marks);
        Assert.All(marks, m => Assert.Contains(m.Caller, new[] { InternalGrainMethodAttribute.Gateway, InternalGrainMethodAttribute.Silo }));
    }
}
