using System.Text.Json;

namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// One page of a list endpoint. Records stay raw JSON: the sync engine keeps only allowlisted fields, and unknown
/// fields or enum values Kombo adds later cannot break a read.
/// </summary>
public sealed record KomboPage(string? Next, IReadOnlyList<JsonElement> Results);
