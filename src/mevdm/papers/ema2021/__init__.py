"""papers/ema2021"""
