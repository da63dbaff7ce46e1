"""The Ministry of Social Solidarity's NGO register: the registry's records pushed to it, its
decisions taken back."""
