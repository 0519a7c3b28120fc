"""The place-name app: Arabic normalisation, matching and resolution, plus its Django shell."""
