# Sourced by run.sh and test.sh: the .NET SDK and a Release build of the solution.

dotnet_require() {
  command -v dotnet >/dev/null 2>&1 && return 0
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it from https://dot.net and run again" >&2
  return 1
}

dotnet_build() {
  dotnet_require || return 1
  echo "Building the solution (Release)"
  dotnet build "$ROOT/OrleansKombo.sln" -c Release -nologo -v quiet -clp:ErrorsOnly "$@"
}
