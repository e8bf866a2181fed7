namespace Kombo.Sandbox.Data;

/// <summary>Kombo's object ids: 24 characters of base58 (no 0, O, I or l).</summary>
public static class KomboIds
{
    public const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string Next(Random random, int length = 24) =>
        string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
}
