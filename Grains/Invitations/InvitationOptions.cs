namespace OrleansKombo.Grains.Invitations;

/// <summary>The <c>Invitations</c> configuration section: the channel, its endpoint, the template and the outbox.</summary>
public sealed class InvitationOptions
{
    public const string Section = "Invitations";

    public InvitationChannel Channel { get; set; } = InvitationChannel.Smtp;

    public string SmtpHost { get; set; } = "127.0.0.1";

    public int SmtpPort { get; set; } = 25;

    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string SmtpSecurity { get; set; } = "StartTlsWhenAvailable";

    public string? SmtpUsername { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>The From address, e.g. <c>Acme Assessments &lt;assessments@acme.example&gt;</c>.</summary>
    public string Sender { get; set; } = "Assessments <assessments@example.com>";

    /// <summary>The vendor platform's endpoint for the HTTP channel; it gets <c>Idempotency-Key: &lt;order id&gt;</c>.</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>Placeholders: {candidate_name}, {job_name}, {package_name}, {link}, {order_id}.</summary>
    public string Subject { get; set; } = "Your {package_name} assessment for {job_name}";

    public string Body { get; set; } = """
        Hello {candidate_name},

        thank you for applying for {job_name}. The next step is the {package_name} assessment, which you can take here:

        {link}

        Good luck!
        """;

    /// <summary>Invitations sent at once by each silo (one SMTP connection each).</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>How often an idle sender looks for due invitations (new ones wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed invitation is a sender's; longer than one send may take.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two attempts of one invitation (the backoff doubles up to it).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts of one round (from the first, or from an operator's resend) after which transient failures end FAILED.</summary>
    /// <remarks>With the default backoff, 100 attempts take about a day, like <see cref="GiveUpAfter"/>.</remarks>
    public int MaxAttempts { get; set; } = 100;

    /// <summary>How long after a round's first attempt transient failures end FAILED.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);

    public string? Problem()
    {
        if (Channel == InvitationChannel.Smtp)
        {
            if (string.IsNullOrWhiteSpace(SmtpHost))
            {
                return $"{Section}:SmtpHost must name the SMTP server.";
            }
            if (SmtpPort is < 1 or > 65535)
            {
                return $"{Section}:SmtpPort must be a TCP port, not {SmtpPort}.";
            }
            if (!Enum.TryParse<MailKit.Security.SecureSocketOptions>(SmtpSecurity, ignoreCase: true, out _))
            {
                return $"{Section}:SmtpSecurity must be None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect, not '{SmtpSecurity}'.";
            }
            if (!EmailAddress.TryParse(Sender, out _, out var problem))
            {
                return $"{Section}:Sender must be one email address (optionally with a name), not '{Sender}': it {problem}.";
            }
        }
        else if (!Uri.TryCreate(CallbackUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"{Section}:CallbackUrl must be an absolute http(s) URL when {Section}:Channel is Http, not '{Redact.Url(CallbackUrl)}'.";
        }
        if (Parallelism is < 1 or > 64)
        {
            return $"{Section}:Parallelism must be from 1 to 64, not {Parallelism}.";
        }
        if (PollInterval <= TimeSpan.Zero || MaxBackoff <= TimeSpan.Zero)
        {
            return $"{Section}:PollInterval and {Section}:MaxBackoff must be positive.";
        }
        if (MaxAttempts is < 1 or > 10_000)
        {
            return $"{Section}:MaxAttempts must be from 1 to 10000, not {MaxAttempts}.";
        }
        if (GiveUpAfter <= TimeSpan.Zero)
        {
            return $"{Section}:GiveUpAfter must be positive, like 1.00:00:00, not {GiveUpAfter}.";
        }
        if (Lease < TimeSpan.FromSeconds(10))
        {
            return $"{Section}:Lease must be at least 00:00:10 (a send may take that long), not {Lease}.";
        }
        return null;
    }
}
