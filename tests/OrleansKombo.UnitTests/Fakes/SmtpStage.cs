namespace OrleansKombo.UnitTests.Fakes;

/// <summary>The SMTP commands <see cref="ScriptedSmtpServer"/> lets its script answer.</summary>
public enum SmtpStage
{
    Mail,
    Rcpt,
    Data,
}
