namespace OrleansKombo.Grains.Kombo;

/// <summary><c>details</c> of a result link: the attributes an ATS may show as custom fields named with the prefix.</summary>
public sealed record AtsResultLinkDetails(string CustomFieldNamePrefix, IReadOnlyList<AtsResultLinkAttribute> Attributes);
