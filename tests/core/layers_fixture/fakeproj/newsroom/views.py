from fakeproj import core  # noqa: F401 - a capability may import the kernel
