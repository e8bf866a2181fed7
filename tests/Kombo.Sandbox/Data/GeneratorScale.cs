namespace Kombo.Sandbox.Data;

/// <summary>How many records of each model a new integration starts with. Stages come with the jobs (4–7 each).</summary>
public sealed record GeneratorScale
{
    public int Jobs { get; init; } = 20;
    public int Candidates { get; init; } = 100;
    public int Applications { get; init; } = 200;
    public int Users { get; init; } = 10;
    public int Tags { get; init; } = 10;

    public static GeneratorScale Small { get; } = new();

    public static GeneratorScale Demo { get; } = new() { Jobs = 50, Candidates = 300, Applications = 600, Users = 20, Tags = 15 };

    /// <summary>The benchmark scale.</summary>
    public static GeneratorScale Large { get; } = new() { Jobs = 2000, Candidates = 50_000, Applications = 100_000, Users = 500, Tags = 100 };
}
