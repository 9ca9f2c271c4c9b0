"""CV ingestion: type sniffing, text extraction, structuring into the SPEC §6 schema."""
