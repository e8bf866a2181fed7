namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// A signed delivery we cannot read as an event (not JSON, not an object, no usable id or type). It is recorded REJECTED
/// under an id made from its hash, so an operator sees it and Kombo's repeats of the same body get the same 400.
/// </summary>
public static class UnreadableDelivery
{
    public const string IdPrefix = "unreadable:";

    /// <summary>The inbox row's type: no Kombo type is written in parentheses.</summary>
    public const string Type = "(unreadable)";

    public static KomboEvent For(StoredBody body) => new(IdPrefix + Convert.ToHexStringLower(body.Sha256), Type, null, null);
}
