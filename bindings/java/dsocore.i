// dsocore Java binding — root interface (SWIG). One catch-all %exception: every C++
// exception becomes an org.dsocore.DsoException (or its DataException / UsageException
// subclasses) carrying the C++ message and the dsocore::Errc code. The areas are in
// their own .i files.
%module(directors="0") DsoCore

%{
#include <jni.h>
#include <cstring>
#include "facade.hpp"

// Throws org.dsocore.DsoException.of(code, utf8 bytes): proper UTF-8, not JNI's
// "modified UTF-8" of NewStringUTF.
static void dsocore_java_throw(JNIEnv* jenv, int code, const char* msg) {
    jclass cls = jenv->FindClass("org/dsocore/DsoException");
    if (!cls) return; // NoClassDefFoundError already pending
    jmethodID of = jenv->GetStaticMethodID(cls, "of", "(I[B)Lorg/dsocore/DsoException;");
    if (!of) return;
    const jsize n = static_cast<jsize>(std::strlen(msg));
    jbyteArray bytes = jenv->NewByteArray(n);
    if (!bytes) return;
    jenv->SetByteArrayRegion(bytes, 0, n, reinterpret_cast<const jbyte*>(msg));
    jobject ex = jenv->CallStaticObjectMethod(cls, of, static_cast<jint>(code), bytes);
    if (ex) jenv->Throw(static_cast<jthrowable>(ex));
}
%}

%exception {
    try {
        $action
    } catch (const dsocore::Error& e) {
        dsocore_java_throw(jenv, static_cast<int>(e.code()), e.what());
        return $null;
    } catch (const std::bad_alloc&) {
        dsocore_java_throw(jenv, 99, "out of memory");
        return $null;
    } catch (const std::exception& e) {
        dsocore_java_throw(jenv, 99, e.what());
        return $null;
    } catch (...) {
        dsocore_java_throw(jenv, 99, "internal error: unknown exception");
        return $null;
    }
}

%include <std_string.i>
%include <std_vector.i>
%include <stdint.i>
%template(StringVector) std::vector<std::string>;

// The native library: -Ddsocore.library=/path/libdsocore_java.so, else java.library.path.
%pragma(java) jniclasscode=%{
    static {
        String path = System.getProperty("dsocore.library");
        if (path != null && !path.isEmpty()) System.load(path);
        else System.loadLibrary("dsocore_java");
    }
%}

%include "table.i"
%include "collection.i"
%include "io.i"
%include "risk.i"
%include "ledger.i"

namespace dsocore::jni {
std::string version();
}
