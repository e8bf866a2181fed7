namespace OrleansKombo.Grains.Assessment;

/// <summary>One of a job's stages as the pull stored it (Kombo's id and name).</summary>
public sealed record AtsStage(string Id, string? Name);
