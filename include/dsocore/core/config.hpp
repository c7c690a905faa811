// dsocore — configuration: version and the inline versioned namespace.
#pragma once

#define DSOCORE_VERSION_MAJOR 0
#define DSOCORE_VERSION_MINOR 1
#define DSOCORE_VERSION_PATCH 0

// Everything lives in dsocore::v1; an incompatible build fails at link time.
#define DSOCORE_BEGIN_NAMESPACE namespace dsocore { inline namespace v1 {
#define DSOCORE_END_NAMESPACE } }
