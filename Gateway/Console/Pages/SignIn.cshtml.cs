using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OrleansKombo.Gateway.Api;
using OrleansKombo.Gateway.Hosting;

namespace OrleansKombo.Gateway.OperatorConsole.Pages;

/// <summary>Sign-in with an API key, the same keys and comparison as the API's (<see cref="ApiKeyFilter"/>); sign-out.</summary>
public sealed class SignInModel(GatewaySettings settings) : PageModel
{
    /// <summary>The longest key accepted for comparison; a longer one is not any key.</summary>
    private const int MaxKeyLength = 1_024;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Refused { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? key)
    {
        if (key is null || key.Length > MaxKeyLength || !new ApiKeyFilter(settings).IsKnown(ApiKeyFilter.Normalize(key)))
        {
            Refused = true;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(ConsoleSetup.Scheme, ConsoleSetup.Operator());
        return LocalRedirect(ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith(ConsoleSetup.PathBase, StringComparison.Ordinal)
            ? url
            : ConsoleSetup.PathBase);
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(ConsoleSetup.Scheme);
        return LocalRedirect($"{ConsoleSetup.PathBase}/sign-in");
    }
}
