namespace OrleansKombo.Assessment;

/// <summary>Whether an ordered package id is on offer, was withdrawn, or was never offered.</summary>
public enum PackageOffer
{
    Offered,
    Withdrawn,
    Unknown,
}
