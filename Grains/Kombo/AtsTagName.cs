namespace OrleansKombo.Grains.Kombo;

/// <summary>The tag of <see cref="AtsTagBody"/>; Kombo finds its id by the name.</summary>
public sealed record AtsTagName(string Name);
