namespace OrleansKombo.Grains.Sync;

/// <summary>One change-feed row as written: its sequence number and what changed.</summary>
public sealed record RecordChange(long Seq, string Model, string RecordId, string Kind);
