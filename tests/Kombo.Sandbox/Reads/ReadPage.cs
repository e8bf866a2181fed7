using System.Text;

namespace Kombo.Sandbox.Reads;

/// <summary>A page of pre-rendered records and its <c>next</c> cursor, written as Kombo's success envelope.</summary>
public sealed record ReadPage(IReadOnlyList<byte[]> Records, string? Next)
{
    private static readonly byte[] Start = "{\"status\":\"success\",\"data\":{\"next\":"u8.ToArray();
    private static readonly byte[] Results = ",\"results\":["u8.ToArray();
    private static readonly byte[] End = "]}}"u8.ToArray();
    private static readonly byte[] Null = "null"u8.ToArray();
    private static readonly byte[] Comma = ","u8.ToArray();

    private byte[] NextBytes => Next is null ? Null : Encoding.UTF8.GetBytes("\"" + Next + "\"");

    public IEnumerable<byte[]> Segments()
    {
        yield return Start;
        yield return NextBytes;
        yield return Results;
        for (var i = 0; i < Records.Count; i++)
        {
            if (i > 0)
            {
                yield return Comma;
            }
            yield return Records[i];
        }
        yield return End;
    }

    public byte[] ToArray() => Segments().SelectMany(s => s).ToArray();
}
