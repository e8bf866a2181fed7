namespace OrleansKombo.Grains.Kombo;

public sealed record KomboWarning(string Message);
