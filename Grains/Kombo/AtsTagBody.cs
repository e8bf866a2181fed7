namespace OrleansKombo.Grains.Kombo;

/// <summary>The body of <c>POST /ats/candidates/{id}/tags</c>: <c>{"tag":{"name"}}</c>.</summary>
public sealed record AtsTagBody(AtsTagName Tag);
