namespace OrleansKombo.Grains.Kombo;

/// <summary>Kombo's success envelope: <c>{"status":"success","data":…,"warnings":[…]}</c> (warnings on writes only).</summary>
public sealed record KomboResponse<T>(string Status, T Data, IReadOnlyList<KomboWarning>? Warnings);
