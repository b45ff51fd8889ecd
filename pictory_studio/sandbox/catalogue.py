"""Fixed lists the sandbox serves: subtitle styles and video brands."""

STYLES = [
    {"id": "3f6c2a8e-51d4-4b7a-9a3e-0c1d2e3f4a51", "name": "Classic White"},
    {"id": "8b1e4d2c-7a6f-4e3b-8c9d-1a2b3c4d5e62", "name": "Bold Yellow Keywords"},
    {"id": "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e73", "name": "Boxed Caption"},
    {"id": "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f84", "name": "Minimal Lowercase"},
]

BRANDS = [
    {"id": "5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c95", "name": "Sandbox Default Brand"},
    {"id": "6b8c0d2e-3f4a-4b6c-9d7e-8f9a0b1c2da6", "name": "Sandbox Dark Brand"},
]
