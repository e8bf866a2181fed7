using System.Security.Cryptography;
using System.Text;
using OrleansKombo.Gateway.Hosting;

namespace OrleansKombo.Gateway.Api;

/// <summary>Every <c>/api</c> route needs <c>Authorization: Bearer &lt;key&gt;</c> with one of <c>Gateway:ApiKeys</c>.</summary>
public sealed class ApiKeyFilter(GatewaySettings settings) : IEndpointFilter
{
    private readonly byte[][] _keys = settings.ApiKeys.Select(Encoding.UTF8.GetBytes).ToArray();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && IsKnown(Normalize(header[scheme.Length..])))
        {
            return next(context);
        }
        return ValueTask.FromResult<object?>(ApiError.Result(StatusCodes.Status401Unauthorized,
            "Send one of the gateway's API keys as 'Authorization: Bearer <key>'."));
    }

    /// <summary>A key as it is compared, presented or configured (<see cref="GatewaySettings"/>): without surrounding white space.</summary>
    public static string Normalize(string key) => key.Trim();

    /// <summary>Whether a normalised key is one of the keys; the console's sign-in asks the same.</summary>
    public bool IsKnown(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        var known = false;
        foreach (var key in _keys)
        {
            known |= CryptographicOperations.FixedTimeEquals(bytes, key);
        }
        return known;
    }
}
