using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansKombo.UnitTests.Infrastructure;

/// <summary>
/// Certificates made at test time (CertificateRequest): a cluster's shared self-signed one, a stranger's, a small CA
/// and the node certificates it issues, expired ones. Files go to the temp folder under a fresh name.
/// </summary>
public static class TestCertificates
{
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>A self-signed node certificate, by default for both server and client authentication, valid for a day.</summary>
    public static X509Certificate2 SelfSigned(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null,
        params string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = NodeRequest(name, key, usages);
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5), notAfter ?? DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A CA certificate (with its key) that can issue node certificates.</summary>
    public static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
    }

    /// <summary>A node certificate (with its key) issued by <paramref name="authority"/>.</summary>
    public static X509Certificate2 IssuedBy(X509Certificate2 authority, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = NodeRequest(name, key, []);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate and its key as a password-protected PKCS#12 file.</summary>
    public static string WritePfx(X509Certificate2 certificate, string? password)
    {
        var path = NewPath("pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>The certificate alone (PEM); with <paramref name="keyPath"/>, its unencrypted PKCS#8 key beside it.</summary>
    public static string WritePem(X509Certificate2 certificate, out string keyPath)
    {
        var path = NewPath("crt");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        keyPath = NewPath("key");
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return path;
    }

    /// <summary>Certificates without keys, as one PEM bundle (what a trust file holds).</summary>
    public static string WritePemBundle(params X509Certificate2[] certificates)
    {
        var path = NewPath("pem");
        File.WriteAllText(path, string.Join("\n", certificates.Select(c => c.ExportCertificatePem())));
        return path;
    }

    private static CertificateRequest NodeRequest(string name, ECDsa key, string[] usages)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var oids = new OidCollection();
        foreach (var usage in usages.Length == 0 ? [ServerAuthentication, ClientAuthentication] : usages)
        {
            oids.Add(new Oid(usage));
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        return request;
    }

    private static string NewPath(string extension) => Path.Combine(Path.GetTempPath(), $"orleanskombo-test-{Guid.NewGuid():N}.{extension}");
}
