using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using OrleansKombo.Hosting;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.UnitTests.Hosting;

/// <summary>
/// Orleans:Tls as both hosts read it: where the node's certificate comes from, what makes it unusable (found at start,
/// naming the key), and which peers it trusts, with certificates made for each test.
/// </summary>
public sealed class ClusterTlsTests
{
    private const string Password = "cluster-secret-0123";

    private static IConfiguration Config(params (string Key, string? Value)[] pairs) => new ConfigurationBuilder()
        .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>($"{ClusterTlsSettings.Section}:{p.Key}", p.Value)))
        .Build();

    private static StartupFailure Refused(IConfiguration configuration, ClusterRole role = ClusterRole.Silo) =>
        Assert.Throws<StartupFailure>(() => ClusterTls.Read(configuration, role));

    private static X509Certificate2 PublicPart(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    [Fact]
    public void Without_any_tls_key_the_cluster_speaks_plain_tcp() =>
        Assert.Null(ClusterTls.Read(Config(), ClusterRole.Silo));

    [Fact]
    public void A_shared_pfx_is_read_with_its_password_and_only_the_same_certificate_is_trusted()
    {
        using var shared = TestCertificates.SelfSigned("kombo-cluster");
        using var stranger = TestCertificates.SelfSigned("kombo-cluster");

        var tls = ClusterTls.Read(Config(("CertificatePath", TestCertificates.WritePfx(shared, Password)), ("CertificatePassword", Password)),
            ClusterRole.Silo)!;

        Assert.Equal(shared.Thumbprint, tls.Certificate.Thumbprint);
        Assert.True(tls.Certificate.HasPrivateKey);
        Assert.True(tls.Trust.Accepts(PublicPart(shared), null, SslPolicyErrors.RemoteCertificateChainErrors));
        // Same subject, another key: what anyone could make.
        Assert.False(tls.Trust.Accepts(PublicPart(stranger), null, SslPolicyErrors.None));
    }

    [Fact]
    public void A_pem_certificate_and_its_key_are_read()
    {
        using var shared = TestCertificates.SelfSigned("kombo-cluster");
        var path = TestCertificates.WritePem(shared, out var keyPath);

        var tls = ClusterTls.Read(Config(("CertificatePath", path), ("CertificateKeyPath", keyPath)), ClusterRole.Silo)!;

        Assert.Equal(shared.Thumbprint, tls.Certificate.Thumbprint);
        Assert.True(tls.Certificate.HasPrivateKey);
    }

    [Fact]
    public void With_a_ca_configured_a_peer_it_issued_is_trusted_and_one_from_another_ca_or_self_signed_is_not()
    {
        using var authority = TestCertificates.Authority("kombo-ca");
        using var other = TestCertificates.Authority("kombo-ca");
        using var node = TestCertificates.IssuedBy(authority, "silo-1");
        using var peer = TestCertificates.IssuedBy(authority, "silo-2");
        using var foreign = TestCertificates.IssuedBy(other, "silo-2");
        using var selfSigned = TestCertificates.SelfSigned("silo-2");

        var tls = ClusterTls.Read(Config(("CertificatePath", TestCertificates.WritePfx(node, Password)), ("CertificatePassword", Password),
            ("TrustedCertificatePath", TestCertificates.WritePemBundle(PublicPart(authority)))), ClusterRole.Silo)!;

        Assert.True(tls.Trust.Accepts(PublicPart(peer), null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(tls.Trust.Accepts(PublicPart(foreign), null, SslPolicyErrors.None));
        Assert.False(tls.Trust.Accepts(PublicPart(selfSigned), null, SslPolicyErrors.None));
    }

    [Fact]
    public void An_expired_copy_of_the_shared_certificate_is_not_trusted()
    {
        using var shared = TestCertificates.SelfSigned("kombo-cluster");
        using var expired = TestCertificates.SelfSigned("kombo-cluster", DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddDays(-1));
        var trust = ClusterPeerTrust.SameCertificate(expired);

        Assert.False(trust.Accepts(PublicPart(expired), null, SslPolicyErrors.None));
        Assert.False(ClusterPeerTrust.SameCertificate(shared).Accepts(PublicPart(expired), null, SslPolicyErrors.None));
    }

    [Fact]
    public void The_gateway_needs_only_client_authentication_but_a_silo_needs_both()
    {
        using var clientOnly = TestCertificates.SelfSigned("gateway", usages: TestCertificates.ClientAuthentication);
        var config = Config(("CertificatePath", TestCertificates.WritePfx(clientOnly, Password)), ("CertificatePassword", Password));

        Assert.NotNull(ClusterTls.Read(config, ClusterRole.Client));
        Assert.Contains("server and client authentication", Refused(config, ClusterRole.Silo).Message);
    }

    public static TheoryData<string, string> Problems()
    {
        var data = new TheoryData<string, string>();
        using var good = TestCertificates.SelfSigned("kombo-cluster");
        var pfx = TestCertificates.WritePfx(good, Password);
        using var expired = TestCertificates.SelfSigned("kombo-cluster", DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddDays(-1));
        using var keyless = PublicPart(good);
        data.Add($"CertificatePath={pfx};CertificatePassword=wrong-password", "Orleans:Tls:CertificatePath: cannot read");
        data.Add("CertificatePath=/nonexistent/cluster.pfx", "Orleans:Tls:CertificatePath: no file at");
        data.Add($"CertificatePassword={Password}", "Orleans:Tls: TLS needs this node's certificate");
        data.Add($"CertificatePath={pfx};CertificateThumbprint={good.Thumbprint}", "Orleans:Tls: set CertificatePath or CertificateThumbprint, not both");
        data.Add($"CertificatePath={TestCertificates.WritePfx(expired, Password)};CertificatePassword={Password}", "Orleans:Tls: the certificate CN=kombo-cluster is valid from");
        data.Add($"CertificatePath={TestCertificates.WritePfx(keyless, null)}", "Orleans:Tls: the certificate CN=kombo-cluster has no private key");
        data.Add($"CertificatePath={pfx};CertificatePassword={Password};TrustedCertificatePath=/nonexistent/ca.pem", "Orleans:Tls:TrustedCertificatePath: no file at");
        data.Add("CertificateThumbprint=00112233445566778899AABBCCDDEEFF00112233", "Orleans:Tls:Certificate");
        data.Add("CertificateThumbprint=00112233445566778899AABBCCDDEEFF00112233;CertificateStore=Nowhere", "Orleans:Tls:CertificateStore: must be a store name");
        return data;
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void An_unusable_setting_stops_the_host_naming_the_key(string settings, string message)
    {
        var pairs = settings.Split(';').Select(p => p.Split('=', 2)).Select(p => (p[0], (string?)p[1])).ToArray();

        var failure = Refused(Config(pairs));

        Assert.StartsWith(message, failure.Message);
        Assert.DoesNotContain(Password, failure.Message);
    }

    [Fact]
    public void A_certificate_is_found_in_the_current_users_store_by_its_thumbprint()
    {
        using var shared = TestCertificates.SelfSigned("kombo-cluster-store");
        using var withKey = X509CertificateLoader.LoadPkcs12(shared.Export(X509ContentType.Pkcs12, Password), Password,
            X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.Exportable);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(withKey);
        try
        {
            var tls = ClusterTls.Read(Config(("CertificateThumbprint", shared.Thumbprint.ToLowerInvariant())), ClusterRole.Silo)!;

            Assert.Equal(shared.Thumbprint, tls.Certificate.Thumbprint);
            Assert.True(tls.Certificate.HasPrivateKey);
        }
        finally
        {
            store.Remove(withKey);
        }
    }
}
