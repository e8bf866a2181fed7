using Kombo.Sandbox;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>
/// The whole system in one process: the Kombo sandbox, two silos on the real AdoNet providers talking to it,
/// and the real gateway in front of them receiving the sandbox's signed webhooks.
/// </summary>
public class KomboCluster : IAsyncLifetime
{
    public KomboSandbox Sandbox { get; private set; } = null!;

    public PostgresCluster Cluster { get; private set; } = null!;

    public TestGateway Gateway { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Grains;

    /// <summary>Extra silo settings for a fixture that needs them (e.g. Sync:*).</summary>
    protected virtual IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>();

    /// <summary>How many silos the fixture starts (a test of one silo's limits wants exactly one).</summary>
    protected virtual short Silos => 2;

    /// <summary>How the silos reach PostgreSQL (the gateway always goes direct).</summary>
    protected virtual string SiloConnectionString => TestDatabase.ConnectionString;

    public virtual async Task InitializeAsync()
    {
        Sandbox = await KomboSandbox.StartAsync(new SandboxOptions
        {
            WebhookSecret = TestGateway.WebhookSecret,
            WebhookRetryDelay = TimeSpan.FromMilliseconds(200),
        });
        // Invitations go to the test SMTP server, and orders for jobs known to be closed are rejected; a fixture's
        // own settings win.
        var settings = new Dictionary<string, string>(MailSink.SiloSettings())
        {
            ["Orders:RejectInactiveJobs"] = "true",
            ["Kombo:BaseUrl"] = Sandbox.BaseUrl,
            ["Kombo:ApiKey"] = Sandbox.ApiKey,
        };
        foreach (var (key, value) in SiloSettings)
        {
            settings[key] = value;
        }
        Cluster = new PostgresCluster { Settings = settings, ConnectionString = SiloConnectionString, InitialSilos = Silos };
        await Cluster.InitializeAsync();
        Gateway = await TestGateway.StartAsync(Cluster.ClusterId, Cluster.ServiceId);
        await Gateway.WaitUntilReadyAsync();
        Sandbox.Webhooks.Url = new Uri(Gateway.BaseAddress, "/webhooks/kombo").ToString();
        // Integration events are processed after their answer (issue 16): a test awaiting the sandbox's webhooks reads their effect.
        Sandbox.Webhooks.AfterAnswered = e => KomboWebhookSender.UntilHandedToItsGrainAsync(e.Id);
    }

    public virtual async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }
}
