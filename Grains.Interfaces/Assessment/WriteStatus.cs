namespace OrleansKombo.Assessment;

/// <summary>Where a write to Kombo (a package push, a result write-back) stands.</summary>
public enum WriteStatus
{
    Pending,
    Done,
    Failed,
}
