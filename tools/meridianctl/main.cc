// meridianctl: the recruiter's command line for Meridian. Everything is in meridianctl_lib
// (tools/meridianctl/cli.h); main only hands over the command line.
#include "tools/meridianctl/cli.h"

int main(int argc, char** argv) { return meridian::ctl::Run(argc, argv); }
