namespace OrleansKombo.Tests.OperatorConsole;

/// <summary>A test in a real browser: Debian's Chromium, which ./test.sh installs; skipped, saying so, where it is missing.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = $"{Chromium} is missing (./test.sh installs Debian's chromium with apt-get).";
        }
    }
}
