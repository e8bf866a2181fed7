using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansKombo.Hosting;

/// <summary>
/// Which certificate a peer (a silo, or the gateway as an Orleans client) may present. The operating system's trust
/// store plays no part: a certificate any public CA issued would otherwise open the cluster to anyone who owns one.
/// Either the peer presents the cluster's one shared certificate (pinned by its SHA-256 hash), or its certificate
/// chains to one of the configured CA certificates. Names are not checked: silos reach each other by IP address.
/// </summary>
public sealed class ClusterPeerTrust
{
    private readonly byte[]? _pinned;
    private readonly X509Certificate2Collection? _anchors;

    private ClusterPeerTrust(byte[]? pinned, X509Certificate2Collection? anchors)
    {
        _pinned = pinned;
        _anchors = anchors;
    }

    /// <summary>Every node presents the same certificate (no CA configured).</summary>
    public static ClusterPeerTrust SameCertificate(X509Certificate2 own) => new(own.GetCertHash(HashAlgorithmName.SHA256), null);

    /// <summary>Each node has its own certificate, issued by one of these.</summary>
    public static ClusterPeerTrust ChainingTo(X509Certificate2Collection anchors) => new(null, anchors);

    /// <summary>Orleans' <c>RemoteCertificateValidation</c>: the one judge of a peer, whatever the platform's verdict was.</summary>
    public bool Accepts(X509Certificate2 remote, X509Chain? presented, SslPolicyErrors platformVerdict)
    {
        var now = DateTime.UtcNow;
        if (now < remote.NotBefore.ToUniversalTime() || now > remote.NotAfter.ToUniversalTime())
        {
            return false;
        }
        if (_pinned is not null)
        {
            return CryptographicOperations.FixedTimeEquals(remote.GetCertHash(HashAlgorithmName.SHA256), _pinned);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_anchors!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the peer sent along may complete its chain; they are not trusted for that.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return chain.Build(remote);
    }
}
