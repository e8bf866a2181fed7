namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>A fact that is skipped, saying why, when Node.js or the installed Kombo SDK is absent.</summary>
public sealed class KomboSdkFactAttribute : FactAttribute
{
    public KomboSdkFactAttribute()
    {
        if (KomboSdk.Missing is { } why)
        {
            Skip = why;
        }
    }
}
