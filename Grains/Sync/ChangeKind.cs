namespace OrleansKombo.Grains.Sync;

public static class ChangeKind
{
    public const string Created = "CREATED";
    public const string Updated = "UPDATED";
    public const string Deleted = "DELETED";
}
