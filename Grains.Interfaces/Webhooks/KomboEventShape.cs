namespace OrleansKombo.Webhooks;

/// <summary>
/// How one webhook type's <c>data</c> is read: the record it becomes, and the keys of <c>data</c> we cannot act
/// without. Every other key may be absent or null (as Kombo's schema allows, or more leniently), and keys we do not
/// know are ignored here and kept in the inbox's copy of the body.
/// </summary>
public sealed record KomboEventShape(Type DataType, IReadOnlyList<string> RequiredKeys);
