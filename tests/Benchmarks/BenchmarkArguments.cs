using System.Globalization;
using Kombo.Sandbox.Data;

namespace OrleansKombo.Benchmarks;

/// <summary><c>--name value</c> pairs after the command name.</summary>
public sealed class BenchmarkArguments(IReadOnlyDictionary<string, string> values)
{
    public static BenchmarkArguments Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    values[pending] = "true";
                }
                pending = arg[2..];
            }
            else if (pending is not null)
            {
                values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'; options look like --name value.");
            }
        }
        if (pending is not null)
        {
            values[pending] = "true";
        }
        return new BenchmarkArguments(values);
    }

    /// <summary>The sandbox dataset: the large one the issues name, each count overridable (--jobs, --candidates, …).</summary>
    public GeneratorScale Scale() => new()
    {
        Jobs = Int("jobs", GeneratorScale.Large.Jobs),
        Candidates = Int("candidates", GeneratorScale.Large.Candidates),
        Applications = Int("applications", GeneratorScale.Large.Applications),
        Users = Int("users", GeneratorScale.Large.Users),
        Tags = Int("tags", GeneratorScale.Large.Tags),
    };

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public string? Optional(string name) => values.GetValueOrDefault(name);
}
