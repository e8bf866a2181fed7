namespace OrleansKombo.Hosting;

/// <summary>
/// The <c>Orleans:Tls</c> section as configured: where this node's certificate comes from (a file, or a certificate
/// store by thumbprint) and which certificates a peer's must chain to. <see cref="ClusterTls"/> checks and loads it.
/// </summary>
public sealed class ClusterTlsSettings
{
    public const string Section = "Orleans:Tls";

    /// <summary>A PKCS#12 file (.pfx/.p12) with the private key, or a PEM certificate whose key is in <see cref="CertificateKeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The password of the PKCS#12 file or of an encrypted PEM key; never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Instead of a file: the certificate's SHA-1 thumbprint in <see cref="CertificateStore"/>.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The store's name (.NET's <c>StoreName</c>, e.g. My).</summary>
    public string CertificateStore { get; set; } = "My";

    /// <summary>CurrentUser or LocalMachine (Linux has only CurrentUser stores of its own).</summary>
    public string CertificateStoreLocation { get; set; } = "CurrentUser";

    /// <summary>
    /// PEM (one or more certificates) or DER: the CA certificates a peer's certificate must chain to. Not set: a peer
    /// must present this node's own certificate, i.e. the cluster shares one certificate.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>Whether any key of the section is set, so TLS is wanted (and then must be complete).</summary>
    public bool AnySet => new[] { CertificatePath, CertificateKeyPath, CertificatePassword, CertificateThumbprint, TrustedCertificatePath }
        .Any(v => !string.IsNullOrWhiteSpace(v));
}
