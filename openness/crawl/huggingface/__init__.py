"""The Hugging Face Hub: the only code that talks to it, through huggingface_hub."""
