using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Reads;

/// <summary>Streams a page's cached record bytes straight into the response, with its length known up front.</summary>
public sealed class PageResult(ReadPage page) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json; charset=utf-8";
        long length = 0;
        foreach (var segment in page.Segments())
        {
            length += segment.Length;
        }
        response.ContentLength = length;
        var writer = response.BodyWriter;
        foreach (var segment in page.Segments())
        {
            writer.Write(segment);
        }
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
