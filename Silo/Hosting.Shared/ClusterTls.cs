using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace OrleansKombo.Hosting;

/// <summary>
/// Mutual TLS on the cluster's connections (silo to silo, gateway to silo), from <c>Orleans:Tls</c>: each node presents
/// its certificate and talks only to a peer whose certificate it trusts (<see cref="ClusterPeerTrust"/>), so a process
/// that merely reaches the silo or gateway port can neither join the cluster nor call a grain. Read and checked before
/// the host starts; both hosts use it, so they read the same keys the same way.
/// </summary>
public sealed class ClusterTls
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private ClusterTls(X509Certificate2 certificate, ClusterPeerTrust trust)
    {
        Certificate = certificate;
        Trust = trust;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public ClusterPeerTrust Trust { get; }

    /// <summary>The configured TLS, or null when no <c>Orleans:Tls</c> key is set (plain TCP).</summary>
    /// <exception cref="StartupFailure">A key is set but the whole is unusable; the message names the key.</exception>
    public static ClusterTls? Read(IConfiguration configuration, ClusterRole role)
    {
        var settings = new ClusterTlsSettings();
        try
        {
            configuration.GetSection(ClusterTlsSettings.Section).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            throw new StartupFailure($"{ClusterTlsSettings.Section}: {e.Message}");
        }
        if (!settings.AnySet)
        {
            return null;
        }
        var certificate = Own(settings);
        Check(certificate, role);
        var trust = string.IsNullOrWhiteSpace(settings.TrustedCertificatePath)
            ? ClusterPeerTrust.SameCertificate(certificate)
            : ClusterPeerTrust.ChainingTo(Anchors(settings.TrustedCertificatePath));
        return new ClusterTls(certificate, trust);
    }

    /// <summary>Orleans' TLS options: our certificate out, a trusted certificate required in, both ways.</summary>
    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = Trust.Accepts;
    }

    private static X509Certificate2 Own(ClusterTlsSettings s)
    {
        var fromFile = !string.IsNullOrWhiteSpace(s.CertificatePath);
        var fromStore = !string.IsNullOrWhiteSpace(s.CertificateThumbprint);
        if (fromFile == fromStore)
        {
            throw Problem("", fromFile
                ? "set CertificatePath or CertificateThumbprint, not both."
                : "TLS needs this node's certificate: set CertificatePath (a .pfx, or a PEM certificate with CertificateKeyPath) or CertificateThumbprint.");
        }
        return fromFile ? FromFile(s) : FromStore(s);
    }

    private static X509Certificate2 FromFile(ClusterTlsSettings s)
    {
        var path = s.CertificatePath!;
        if (!File.Exists(path))
        {
            throw Problem("CertificatePath", $"no file at '{path}'.");
        }
        var keyPath = string.IsNullOrWhiteSpace(s.CertificateKeyPath) ? null : s.CertificateKeyPath;
        if (keyPath is not null && !File.Exists(keyPath))
        {
            throw Problem("CertificateKeyPath", $"no file at '{keyPath}'.");
        }
        try
        {
            return keyPath is null ? X509CertificateLoader.LoadPkcs12FromFile(path, s.CertificatePassword)
                : string.IsNullOrEmpty(s.CertificatePassword) ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, s.CertificatePassword, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // The exception's text names neither the password nor the key.
            throw Problem("CertificatePath", keyPath is null
                ? $"cannot read '{path}' as a PKCS#12 file with Orleans:Tls:CertificatePassword ({e.Message})."
                : $"cannot read '{path}' with the key '{keyPath}' ({e.Message}).");
        }
    }

    private static X509Certificate2 FromStore(ClusterTlsSettings s)
    {
        if (!Enum.TryParse<StoreName>(s.CertificateStore, ignoreCase: true, out var name))
        {
            throw Problem("CertificateStore", $"must be a store name such as My or Root, not '{s.CertificateStore}'.");
        }
        if (!Enum.TryParse<StoreLocation>(s.CertificateStoreLocation, ignoreCase: true, out var location))
        {
            throw Problem("CertificateStoreLocation", $"must be CurrentUser or LocalMachine, not '{s.CertificateStoreLocation}'.");
        }
        var thumbprint = s.CertificateThumbprint!.Replace(" ", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
        try
        {
            using var store = new X509Store(name, location);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            return found.Count > 0 ? found[0]
                : throw Problem("CertificateThumbprint", $"no certificate {thumbprint} in the {location}/{name} store.");
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            throw Problem("CertificateStore", $"cannot open the {location}/{name} store ({e.Message}).");
        }
    }

    /// <summary>What makes a certificate unusable for the node's role, found now rather than at the first handshake.</summary>
    private static void Check(X509Certificate2 certificate, ClusterRole role)
    {
        if (!certificate.HasPrivateKey)
        {
            throw Problem("", $"the certificate {certificate.Subject} has no private key; a node must prove it owns its certificate.");
        }
        var now = DateTime.UtcNow;
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            throw Problem("", $"the certificate {certificate.Subject} is valid from {certificate.NotBefore.ToUniversalTime():u} "
                + $"to {certificate.NotAfter.ToUniversalTime():u}, not now.");
        }
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usage)
        {
            var allowed = usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToHashSet();
            string[] needed = role == ClusterRole.Silo ? [ServerAuthentication, ClientAuthentication] : [ClientAuthentication];
            if (!needed.All(allowed.Contains))
            {
                throw Problem("", $"the certificate {certificate.Subject} must allow "
                    + (role == ClusterRole.Silo ? "server and client authentication (a silo is both)" : "client authentication")
                    + " in its extended key usage.");
            }
        }
    }

    private static X509Certificate2Collection Anchors(string path)
    {
        if (!File.Exists(path))
        {
            throw Problem("TrustedCertificatePath", $"no file at '{path}'.");
        }
        var anchors = new X509Certificate2Collection();
        try
        {
            anchors.ImportFromPemFile(path);
            if (anchors.Count == 0)
            {
                anchors.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (CryptographicException e)
        {
            throw Problem("TrustedCertificatePath", $"cannot read '{path}' as PEM or DER certificates ({e.Message}).");
        }
        return anchors;
    }

    private static StartupFailure Problem(string key, string problem) =>
        new($"{ClusterTlsSettings.Section}{(key.Length == 0 ? "" : ":" + key)}: {problem}");
}
