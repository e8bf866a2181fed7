namespace OrleansKombo.Grains.Integrations;

/// <summary>One model's share of a pull (<see cref="PullRecord"/>): pages and records, or Kombo's code when it refused the model.</summary>
public sealed class PullModelFigures
{
    public int Pages { get; set; }

    public long RecordsRead { get; set; }

    public long RecordsChanged { get; set; }

    /// <summary>Kombo's <c>error.code</c> when it refused the model in this pull; "SKIPPED" when it was not due.</summary>
    public string? Skipped { get; set; }
}
