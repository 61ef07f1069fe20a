"""papers/halp2025"""
