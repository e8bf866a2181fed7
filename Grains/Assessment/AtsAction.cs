namespace OrleansKombo.Grains.Assessment;

/// <summary>A write a triggered order's result makes into the application (issue 12 §3), in the order they are made.</summary>
public enum AtsAction
{
    ResultLink,
    Note,
    StageMove,
    Tag,
}
