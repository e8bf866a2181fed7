namespace OrleansKombo.Grains;

public static class StorageNames
{
    /// <summary>The AdoNet grain storage provider; every persisted grain state lives here.</summary>
    public const string Postgres = "postgres";
}
