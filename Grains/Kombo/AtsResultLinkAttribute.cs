namespace OrleansKombo.Grains.Kombo;

/// <summary>One <c>details.attributes</c> entry: Kombo takes strings for both.</summary>
public sealed record AtsResultLinkAttribute(string Key, string Value);
