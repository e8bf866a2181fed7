namespace OrleansKombo.Gateway.OperatorConsole;

/// <summary>How the console writes durations and times.</summary>
public static class Format
{
    public static string Lag(TimeSpan lag) => lag switch
    {
        { TotalMinutes: < 1 } => $"{Math.Max(0, (int)lag.TotalSeconds)} s",
        { TotalHours: < 1 } => $"{(int)lag.TotalMinutes} min",
        { TotalDays: < 2 } => $"{lag.TotalHours:0.#} h",
        _ => $"{lag.TotalDays:0.#} d",
    };

    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'") ?? "–";
}
