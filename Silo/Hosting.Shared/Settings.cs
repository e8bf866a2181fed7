using Microsoft.Extensions.Configuration;

namespace OrleansKombo.Hosting;

/// <summary>Binds a configuration section and turns its first problem into the one line an operator reads.</summary>
public static class Settings
{
    public static T Read<T>(IConfiguration configuration, string section, Func<T, string?> problem) where T : new()
    {
        T settings;
        try
        {
            settings = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new StartupFailure($"{section}: {e.Message}");
        }
        return problem(settings) is { } message ? throw new StartupFailure(message) : settings;
    }
}
